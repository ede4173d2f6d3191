import io

from lindung.lib.progress import Progress


def test_progress_in_a_log_prints_stages_and_the_end():
    out = io.StringIO()
    progress = Progress("impor", stream=out, every_seconds=3600)
    progress(0, 10, "membaca")
    progress(5, 10, "membaca")  # throttled
    progress(6, 10, "memeriksa")
    progress(10, 10, "memeriksa")
    lines = out.getvalue().splitlines()
    assert lines == [
        lines[0],
        lines[1],
        lines[2],
    ]
    assert lines[0].startswith("impor — membaca: 0/10 (0%)")
    assert lines[1].startswith("impor — memeriksa: 6/10 (60%)")
    assert lines[2].startswith("impor — memeriksa: 10/10 (100%)")


def test_progress_without_total_counts_rows():
    out = io.StringIO()
    Progress("ekspor", stream=out)(1500)
    assert out.getvalue().startswith("ekspor: 1.500 ")
