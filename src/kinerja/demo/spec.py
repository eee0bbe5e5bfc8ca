"""The demo organisations as data: unit trees with their head and staff positions.

Each unit has exactly one head position (ORG-3); staff positions report to it and the head
reports to the head of the parent unit. The builder turns this into rows through the services.
Position codes are ``<unit code>-00`` for the head and ``<unit code>-NN`` for staff, in order.

The perangkat daerah (badan, dinas, inspektorat) are root units beside the Sekretariat Daerah, as
in a real regional government; their heads report to the Sekretaris Daerah, who reports to nobody
(the Bupati is an ExternalOfficial, ORG-7).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kinerja.org.choices import UnitKind

JPT, JA, JFK, JFT = "JPT", "JA", "JF_KEAHLIAN", "JF_KETERAMPILAN"


@dataclass(frozen=True)
class Staff:
    name: str
    position_type: str
    level: str
    field: str = "admin"
    education: str = "S1"
    count: int = 1
    group: str = ""  # pelaksana group (REF-14)
    pppk: int = 0  # the last ``pppk`` of ``count`` people are PPPK
    female_share: float = 0.45


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    head: Staff
    staff: tuple[Staff, ...] = ()
    children: tuple[UnitSpec, ...] = ()
    serves_public: bool = False


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    level: str
    place: str
    official_name: str
    official_title: str
    hr_username: str
    head_username: str  # AGENCY_HEAD account linked to the Sekda ("" for none)
    auditor_username: str
    scenario: bool  # vacancies, the Plt and the transfer below
    roots: tuple[UnitSpec, ...]  # root units; the heads of all but the first report to the first
    seed: int


ADMIN_CLERK = Staff(
    "Pengadministrasi Perkantoran", JA, "PELAKSANA", education="SMA", group="KLEREK"
)
SERVICE_OFFICER = Staff("Penata Layanan Operasional", JA, "PELAKSANA", group="OPERATOR")
OPERATOR = Staff(
    "Operator Layanan Operasional", JA, "PELAKSANA", field="it", education="D3", group="OPERATOR"
)
TECHNICIAN = Staff(
    "Teknisi Sarana dan Prasarana",
    JA,
    "PELAKSANA",
    field="engineering",
    education="D3",
    group="TEKNISI",
    female_share=0.1,
)
SECTION_STAFF = (SERVICE_OFFICER, ADMIN_CLERK)


def seksi(
    code: str, name: str, field: str = "admin", staff: tuple[Staff, ...] = SECTION_STAFF
) -> UnitSpec:
    head = Staff(f"Kepala Seksi {name}", JA, "PENGAWAS", field)
    return UnitSpec(code, f"Seksi {name}", UnitKind.SUBDIVISION, head, staff)


def subbagian(code: str, name: str, staff: tuple[Staff, ...] = (ADMIN_CLERK, OPERATOR)) -> UnitSpec:
    head = Staff(
        f"Kepala Subbagian {name}", JA, "PENGAWAS", "finance" if "Keuangan" in name else "admin"
    )
    return UnitSpec(code, f"Subbagian {name}", UnitKind.SUBDIVISION, head, staff)


def bidang(
    code: str,
    name: str,
    field: str,
    staff: tuple[Staff, ...],
    children: tuple[UnitSpec, ...] = (),
    title: str = "Bidang",
) -> UnitSpec:
    head = Staff(f"Kepala {title} {name}", JA, "ADMINISTRATOR", field, "S2")
    return UnitSpec(code, f"{title} {name}", UnitKind.DIVISION, head, staff, children)


def sekretariat(code: str, of: str, second: str = "Keuangan") -> UnitSpec:
    return UnitSpec(
        f"{code}-SEK",
        f"Sekretariat {of}",
        UnitKind.SECRETARIAT,
        Staff(f"Sekretaris {of}", JA, "ADMINISTRATOR", "admin", "S2"),
        children=(
            subbagian(f"{code}-SEK-UMPEG", "Umum dan Kepegawaian"),
            subbagian(f"{code}-SEK-KEU", second),
        ),
    )


def perangkat_daerah(
    code: str,
    name: str,
    kind: str,
    field: str,
    children: tuple[UnitSpec, ...],
    head_education: str = "S2",
    secretary_of: str | None = None,
) -> UnitSpec:
    head = Staff(f"Kepala {name}", JPT, "PRATAMA", field, head_education)
    return UnitSpec(
        code, name, kind, head, children=(sekretariat(code, secretary_of or name), *children)
    )


def school(code: str, name: str, junior_high: bool, pppk: int = 1) -> UnitSpec:
    kind = "Guru Mata Pelajaran" if junior_high else "Guru Kelas"
    staff = (
        Staff(f"{kind} Ahli Muda", JFK, "AHLI_MUDA", "edu", count=2, female_share=0.65),
        Staff(
            f"{kind} Ahli Pertama",
            JFK,
            "AHLI_PERTAMA",
            "edu",
            count=3,
            pppk=pppk,
            female_share=0.65,
        ),
        Staff("Guru Pendidikan Jasmani Ahli Pertama", JFK, "AHLI_PERTAMA", "edu", female_share=0.2),
        Staff("Guru Pendidikan Agama Islam Ahli Pertama", JFK, "AHLI_PERTAMA", "edu"),
        Staff("Pengadministrasi Perkantoran", JA, "PELAKSANA", education="SMA", group="KLEREK"),
    )
    head = Staff(f"Kepala {name}", JFK, "AHLI_MADYA", "edu", "S2", female_share=0.5)
    return UnitSpec(code, name, UnitKind.SCHOOL, head, staff, serves_public=True)


def puskesmas(code: str, place: str) -> UnitSpec:
    staff = (
        Staff("Dokter Ahli Pertama", JFK, "AHLI_PERTAMA", "health", "DOCTOR", female_share=0.6),
        Staff("Perawat Ahli Pertama", JFK, "AHLI_PERTAMA", "nurse", pppk=1, female_share=0.7),
        Staff(
            "Perawat Terampil", JFT, "TERAMPIL", "nurse", "D3", count=2, pppk=1, female_share=0.7
        ),
        Staff("Bidan Terampil", JFT, "TERAMPIL", "midwife", "D3", count=2, female_share=1.0),
        Staff("Pranata Laboratorium Kesehatan Terampil", JFT, "TERAMPIL", "lab", "D3"),
        ADMIN_CLERK,
    )
    head = Staff(f"Kepala Puskesmas {place}", JFK, "AHLI_MADYA", "health", "DOCTOR")
    return UnitSpec(
        code, f"Puskesmas {place}", UnitKind.HEALTH_CENTRE, head, staff, serves_public=True
    )


def _setda() -> UnitSpec:
    def bagian(code: str, name: str, jf: Staff) -> UnitSpec:
        return bidang(code, name, jf.field, (jf, SERVICE_OFFICER, ADMIN_CLERK), title="Bagian")

    analyst = Staff("Analis Kebijakan Ahli Pertama", JFK, "AHLI_PERTAMA")
    senior_analyst = Staff("Analis Kebijakan Ahli Muda", JFK, "AHLI_MUDA")

    def asisten(code: str, name: str, bagians: tuple[UnitSpec, ...]) -> UnitSpec:
        head = Staff(f"Asisten {name}", JPT, "PRATAMA", "admin", "S2")
        return UnitSpec(code, f"Asisten {name}", UnitKind.OTHER, head, children=bagians)

    return UnitSpec(
        "SETDA",
        "Sekretariat Daerah",
        UnitKind.SECRETARIAT,
        Staff("Sekretaris Daerah", JPT, "PRATAMA", "admin", "S2", female_share=0.0),
        children=(
            asisten(
                "SETDA-AS1",
                "Pemerintahan dan Kesejahteraan Rakyat",
                (
                    bagian("SETDA-TAPEM", "Tata Pemerintahan", analyst),
                    bagian("SETDA-KESRA", "Kesejahteraan Rakyat", senior_analyst),
                    bagian(
                        "SETDA-HUKUM",
                        "Hukum",
                        Staff(
                            "Perancang Peraturan Perundang-undangan Ahli Pertama",
                            JFK,
                            "AHLI_PERTAMA",
                            "law",
                        ),
                    ),
                ),
            ),
            asisten(
                "SETDA-AS2",
                "Perekonomian dan Pembangunan",
                (
                    bagian("SETDA-PEREK", "Perekonomian dan Sumber Daya Alam", analyst),
                    bagian(
                        "SETDA-PBJ",
                        "Pengadaan Barang dan Jasa",
                        Staff(
                            "Pengelola Pengadaan Barang/Jasa Ahli Pertama",
                            JFK,
                            "AHLI_PERTAMA",
                            "engineering",
                        ),
                    ),
                ),
            ),
            asisten(
                "SETDA-AS3",
                "Administrasi Umum",
                (
                    bagian("SETDA-ORG", "Organisasi", senior_analyst),
                    bagian(
                        "SETDA-UMUM",
                        "Umum",
                        Staff("Pranata Komputer Ahli Pertama", JFK, "AHLI_PERTAMA", "it"),
                    ),
                ),
            ),
        ),
    )


def _bkpsdm(
    code: str = "BKPSDM",
    bidangs: tuple[tuple[str, str], ...] = (
        ("PPI", "Pengadaan, Pemberhentian dan Informasi"),
        ("MUTASI", "Mutasi dan Promosi"),
        ("PKA", "Pengembangan Kompetensi Aparatur"),
        ("KINERJA", "Penilaian Kinerja Aparatur dan Penghargaan"),
    ),
) -> UnitSpec:
    staff = (
        Staff("Analis Sumber Daya Manusia Aparatur Ahli Muda", JFK, "AHLI_MUDA", "social"),
        Staff("Analis Sumber Daya Manusia Aparatur Ahli Pertama", JFK, "AHLI_PERTAMA", "social"),
        SERVICE_OFFICER,
    )
    return perangkat_daerah(
        code,
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        UnitKind.BOARD,
        "admin",
        tuple(bidang(f"{code}-{c}", n, "social", staff) for c, n in bidangs),
        secretary_of="Badan",
    )


def _bappeda() -> UnitSpec:
    staff = (
        Staff("Perencana Ahli Muda", JFK, "AHLI_MUDA", "planning"),
        Staff("Perencana Ahli Pertama", JFK, "AHLI_PERTAMA", "planning"),
        SERVICE_OFFICER,
    )
    return perangkat_daerah(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        UnitKind.BOARD,
        "planning",
        (
            bidang(
                "BAPPEDA-PPM", "Perencanaan Pemerintahan dan Pembangunan Manusia", "planning", staff
            ),
            bidang("BAPPEDA-EKON", "Perekonomian dan Sumber Daya Alam", "planning", staff),
            bidang("BAPPEDA-INFRA", "Infrastruktur dan Kewilayahan", "engineering", staff),
            bidang("BAPPEDA-LITBANG", "Penelitian dan Pengembangan", "planning", staff),
        ),
        secretary_of="Badan",
    )


def _inspektorat() -> UnitSpec:
    staff = (
        Staff("Auditor Ahli Muda", JFK, "AHLI_MUDA", "audit"),
        Staff("Auditor Ahli Pertama", JFK, "AHLI_PERTAMA", "audit"),
        Staff(
            "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama",
            JFK,
            "AHLI_PERTAMA",
            "law",
        ),
        Staff("Auditor Terampil", JFT, "TERAMPIL", "finance", "D3"),
    )
    # Irban II has one more Auditor Ahli Pertama post: the demo transfer fills it on 2026-07-01.
    extra = Staff("Auditor Ahli Pertama", JFK, "AHLI_PERTAMA", "audit")
    irban = tuple(
        UnitSpec(
            f"INSP-IRBAN{n}",
            f"Inspektur Pembantu Wilayah {roman}",
            UnitKind.DIVISION,
            Staff(f"Inspektur Pembantu Wilayah {roman}", JA, "ADMINISTRATOR", "audit", "S2"),
            staff + ((extra,) if n == 2 else ()),
        )
        for n, roman in ((1, "I"), (2, "II"), (3, "III"))
    )
    head = Staff("Inspektur Daerah", JPT, "PRATAMA", "audit", "S2")
    return UnitSpec(
        "INSP",
        "Inspektorat Daerah",
        UnitKind.INSPECTORATE,
        head,
        children=(sekretariat("INSP", "Inspektorat"), *irban),
    )


def _disdik() -> UnitSpec:
    jf = (Staff("Pengembang Teknologi Pembelajaran Ahli Pertama", JFK, "AHLI_PERTAMA", "edu"),)
    return perangkat_daerah(
        "DISDIK",
        "Dinas Pendidikan",
        UnitKind.OFFICE,
        "edu",
        (
            bidang(
                "DISDIK-SD",
                "Pembinaan Sekolah Dasar",
                "edu",
                jf,
                (
                    seksi("DISDIK-SD-KUR", "Kurikulum dan Penilaian Sekolah Dasar", "edu"),
                    seksi("DISDIK-SD-SARPRAS", "Kelembagaan dan Sarana Prasarana Sekolah Dasar"),
                ),
            ),
            bidang(
                "DISDIK-SMP",
                "Pembinaan Sekolah Menengah Pertama",
                "edu",
                jf,
                (
                    seksi(
                        "DISDIK-SMP-KUR", "Kurikulum dan Penilaian Sekolah Menengah Pertama", "edu"
                    ),
                    seksi("DISDIK-SMP-SARPRAS", "Kelembagaan dan Sarana Prasarana SMP"),
                ),
            ),
            bidang(
                "DISDIK-PTK",
                "Pendidik dan Tenaga Kependidikan",
                "edu",
                jf,
                (
                    seksi("DISDIK-PTK-PENDIDIK", "Pendidik", "edu"),
                    seksi("DISDIK-PTK-TENDIK", "Tenaga Kependidikan"),
                ),
            ),
            school("SDN-WONOSARI1", "SD Negeri Wonosari I", junior_high=False),
            school("SDN-WONOSARI3", "SD Negeri Wonosari III", junior_high=False),
            school("SDN-PLAYEN1", "SD Negeri Playen I", junior_high=False, pppk=2),
            school("SMPN1-WONOSARI", "SMP Negeri 1 Wonosari", junior_high=True),
            school("SMPN2-WONOSARI", "SMP Negeri 2 Wonosari", junior_high=True, pppk=2),
            school("SMPN1-PLAYEN", "SMP Negeri 1 Playen", junior_high=True),
        ),
    )


def _dinkes() -> UnitSpec:
    def jf(name: str) -> tuple[Staff, ...]:
        return (Staff(f"{name} Ahli Pertama", JFK, "AHLI_PERTAMA", "health"),)

    return perangkat_daerah(
        "DINKES",
        "Dinas Kesehatan",
        UnitKind.OFFICE,
        "health",
        (
            bidang(
                "DINKES-KESMAS",
                "Kesehatan Masyarakat",
                "health",
                jf("Nutrisionis"),
                (
                    seksi("DINKES-KESMAS-KGZ", "Kesehatan Keluarga dan Gizi", "health"),
                    seksi("DINKES-KESMAS-PROMKES", "Promosi Kesehatan", "health"),
                ),
            ),
            bidang(
                "DINKES-P2P",
                "Pencegahan dan Pengendalian Penyakit",
                "health",
                jf("Epidemiolog Kesehatan"),
                (
                    seksi("DINKES-P2P-SURV", "Surveilans dan Imunisasi", "health"),
                    seksi(
                        "DINKES-P2P-PM", "Pencegahan dan Pengendalian Penyakit Menular", "health"
                    ),
                ),
            ),
            bidang(
                "DINKES-YANKES",
                "Pelayanan dan Sumber Daya Kesehatan",
                "health",
                jf("Administrator Kesehatan"),
                (
                    seksi("DINKES-YANKES-PELAYANAN", "Pelayanan Kesehatan", "health"),
                    seksi("DINKES-YANKES-FARMASI", "Kefarmasian dan Alat Kesehatan", "health"),
                ),
            ),
            puskesmas("PKM-WONOSARI1", "Wonosari I"),
            puskesmas("PKM-PLAYEN1", "Playen I"),
            puskesmas("PKM-SEMANU1", "Semanu I"),
            puskesmas("PKM-KARANGMOJO1", "Karangmojo I"),
        ),
        head_education="DOCTOR",
    )


def _dinsos() -> UnitSpec:
    jf = (Staff("Pekerja Sosial Ahli Pertama", JFK, "AHLI_PERTAMA", "social"),)
    return perangkat_daerah(
        "DINSOS",
        "Dinas Sosial",
        UnitKind.OFFICE,
        "social",
        (
            bidang(
                "DINSOS-REHSOS",
                "Rehabilitasi Sosial",
                "social",
                jf,
                (
                    seksi(
                        "DINSOS-REHSOS-ANAK", "Rehabilitasi Sosial Anak dan Lanjut Usia", "social"
                    ),
                    seksi(
                        "DINSOS-REHSOS-DIS", "Rehabilitasi Sosial Penyandang Disabilitas", "social"
                    ),
                ),
            ),
            bidang(
                "DINSOS-LINJAM",
                "Perlindungan dan Jaminan Sosial",
                "social",
                jf,
                (
                    seksi("DINSOS-LINJAM-BENCANA", "Perlindungan Sosial Korban Bencana", "social"),
                    seksi("DINSOS-LINJAM-JAMSOS", "Jaminan Sosial Keluarga", "social"),
                ),
            ),
            bidang(
                "DINSOS-DAYASOS",
                "Pemberdayaan Sosial",
                "social",
                jf,
                (
                    seksi("DINSOS-DAYASOS-PM", "Pemberdayaan Masyarakat", "social"),
                    seksi("DINSOS-DAYASOS-PFM", "Penanganan Fakir Miskin", "social"),
                ),
            ),
        ),
    )


def _dishub() -> UnitSpec:
    tester = (
        Staff(
            "Penguji Kendaraan Bermotor Mahir", JFT, "MAHIR", "transport", "D3", female_share=0.15
        ),
    )
    return perangkat_daerah(
        "DISHUB",
        "Dinas Perhubungan",
        UnitKind.OFFICE,
        "transport",
        (
            bidang(
                "DISHUB-LALIN",
                "Lalu Lintas",
                "transport",
                (TECHNICIAN,),
                (
                    seksi("DISHUB-LALIN-MRLL", "Manajemen dan Rekayasa Lalu Lintas", "transport"),
                    seksi("DISHUB-LALIN-DALOPS", "Pengendalian dan Operasional", "transport"),
                ),
            ),
            bidang(
                "DISHUB-ANGKUTAN",
                "Angkutan",
                "transport",
                tester,
                (
                    seksi("DISHUB-ANGKUTAN-ORANG", "Angkutan Orang", "transport"),
                    seksi("DISHUB-ANGKUTAN-BARANG", "Angkutan Barang", "transport"),
                ),
            ),
            bidang(
                "DISHUB-SARPRAS",
                "Sarana dan Prasarana",
                "transport",
                tester,
                (
                    seksi("DISHUB-SARPRAS-TERMINAL", "Terminal dan Perparkiran", "transport"),
                    seksi("DISHUB-SARPRAS-PKB", "Pengujian Kendaraan Bermotor", "transport"),
                ),
            ),
        ),
    )


def gunungkidul_units() -> tuple[UnitSpec, ...]:
    return (
        _setda(),
        _bkpsdm(),
        _bappeda(),
        _inspektorat(),
        _disdik(),
        _dinkes(),
        _dinsos(),
        _dishub(),
    )


def yogyakarta_units() -> tuple[UnitSpec, ...]:
    setda = UnitSpec(
        "SETDA",
        "Sekretariat Daerah",
        UnitKind.SECRETARIAT,
        Staff("Sekretaris Daerah", JPT, "PRATAMA", "admin", "S2"),
        children=(
            bidang(
                "SETDA-ORG",
                "Organisasi",
                "admin",
                (Staff("Analis Kebijakan Ahli Pertama", JFK, "AHLI_PERTAMA"), ADMIN_CLERK),
                title="Bagian",
            ),
        ),
    )
    bkpsdm = UnitSpec(
        "BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        UnitKind.BOARD,
        Staff(
            "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            JPT,
            "PRATAMA",
            "admin",
            "S2",
        ),
        children=(
            bidang(
                "BKPSDM-KINERJA",
                "Penilaian Kinerja Aparatur dan Penghargaan",
                "social",
                (
                    Staff(
                        "Analis Sumber Daya Manusia Aparatur Ahli Muda", JFK, "AHLI_MUDA", "social"
                    ),
                    Staff(
                        "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
                        JFK,
                        "AHLI_PERTAMA",
                        "social",
                    ),
                    SERVICE_OFFICER,
                ),
            ),
        ),
    )
    jetis = UnitSpec(
        "SDN-JETIS1",
        "SD Negeri Jetis 1",
        UnitKind.SCHOOL,
        Staff("Kepala SD Negeri Jetis 1", JFK, "AHLI_MADYA", "edu", "S2"),
        (
            Staff("Guru Kelas Ahli Muda", JFK, "AHLI_MUDA", "edu", female_share=0.65),
            Staff(
                "Guru Kelas Ahli Pertama",
                JFK,
                "AHLI_PERTAMA",
                "edu",
                count=2,
                pppk=1,
                female_share=0.65,
            ),
            ADMIN_CLERK,
        ),
        serves_public=True,
    )
    disdik = UnitSpec(
        "DISDIKPORA",
        "Dinas Pendidikan, Pemuda dan Olahraga",
        UnitKind.OFFICE,
        Staff("Kepala Dinas Pendidikan, Pemuda dan Olahraga", JPT, "PRATAMA", "edu", "S2"),
        children=(jetis,),
    )
    return (setda, bkpsdm, disdik)


GUNUNGKIDUL_CODE = "gunungkidul"
YOGYAKARTA_CODE = "yogyakarta"

# Demo scenario, by position code.
VACANT = ("BAPPEDA-SEK-KEU-00", "DINSOS-LINJAM-BENCANA-00", "DISHUB-LALIN-00")
ACTING = ("DISHUB-SEK-00", "DISHUB-LALIN-00", dt.date(2026, 2, 2))  # holder of, acting in, from
TRANSFER = ("BKPSDM-PKA-02", "INSP-IRBAN2-05", dt.date(2026, 7, 1))  # from, to, on
LATEST_START = dt.date(2026, 1, 2)
SEKDA_OVERRIDE_FROM = dt.date(2026, 1, 1)

# Named demo accounts (role label, position code); the holder logs in with the NIP.
NAMED_POSITIONS = (
    ("Kepala dinas", "DISDIK-00"),
    ("Kepala bidang", "DISDIK-SD-00"),
    ("Kepala seksi", "DISDIK-SD-KUR-00"),
    ("Pelaksana", "DISDIK-SD-KUR-01"),
    ("Guru (JF)", "SDN-WONOSARI1-01"),
    ("PPPK (guru)", "SDN-WONOSARI1-05"),
    ("Plt. (acting head)", "DISHUB-SEK-00"),
    ("Transferred 2026-07-01", "INSP-IRBAN2-05"),
)

AGENCIES = (
    AgencySpec(
        GUNUNGKIDUL_CODE,
        "Pemerintah Kabupaten Gunungkidul",
        "REGENCY",
        "Wonosari",
        "Drs. H. Suryo Wicaksono, M.M.",
        "Bupati Gunungkidul",
        "bkpsdm",
        "sekda",
        "inspektorat",
        True,
        gunungkidul_units(),
        seed=2026,
    ),
    AgencySpec(
        YOGYAKARTA_CODE,
        "Pemerintah Kota Yogyakarta",
        "CITY",
        "Yogyakarta",
        "Dr. Heru Prasetyo Wibowo, M.Si.",
        "Wali Kota Yogyakarta",
        "bkpsdm-yogya",
        "",
        "",
        False,
        yogyakarta_units(),
        seed=3471,
    ),
)
