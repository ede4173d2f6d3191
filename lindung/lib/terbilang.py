"""Amounts in Indonesian words (terbilang), as written on decrees and payment orders."""

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
# Each step is a thousand times the one before; "ribu" alone has the special "seribu" form.
_SCALES = ("", "ribu", "juta", "miliar", "triliun", "kuadriliun")


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_UNITS[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_UNITS[rest - 10], "belas"]
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words += [_UNITS[tens], "puluh"]
        if ones:
            words.append(_UNITS[ones])
    elif rest:
        words.append(_UNITS[rest])
    return words


def terbilang(n: int) -> str:
    """Spell a whole number in Indonesian: 1_786_176_000 → 'satu miliar tujuh ratus ... ribu'."""
    if not isinstance(n, int):
        raise TypeError("terbilang needs a whole number")
    if n == 0:
        return "nol"
    if n < 0:
        return "minus " + terbilang(-n)
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    if len(groups) > len(_SCALES):
        raise ValueError("number too large to spell")
    words: list[str] = []
    for power in range(len(groups) - 1, -1, -1):
        group = groups[power]
        if not group:
            continue
        if power == 1 and group == 1:
            words.append("seribu")
            continue
        words += _below_thousand(group)
        if _SCALES[power]:
            words.append(_SCALES[power])
    return " ".join(words)


def terbilang_rupiah(amount: int) -> str:
    """The amount in words followed by 'rupiah', as on a decree's total line."""
    return f"{terbilang(int(amount))} rupiah"
