"""The columns of a village list as `lindung dedupe` reads it, and their names in the engine."""

COLUMNS = (
    "record_id",
    "sumber",
    "nik",
    "no_kk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "kode_desa",
    "nama_desa",
    "kecamatan",
    "rt",
    "alamat",
    "no_hp",
    "pekerjaan",
)

# The list columns the engine compares, by the engine's own input names.
ENGINE_COLUMNS = {
    "nik": "nik",
    "no_kk": "kk",
    "nama": "name",
    "jenis_kelamin": "sex",
    "tanggal_lahir": "birth_date",
    "kode_desa": "village",
    "no_hp": "phone",
}
