/* main.c - the netral command: one subcommand per file in src/cli/. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"init", nt_cmd_init, "membuat basis data dan memuat data rujukan (wilayah, aturan)"},
    {"demo", nt_cmd_demo, "membuat basis data berisi data demo fiktif di wilayah nyata"},
    {"serve", nt_cmd_serve, "menjalankan server web dan API JSON"},
    {"import", nt_cmd_import, "mengimpor data ASN (CSV), pemilihan (JSON) atau wilayah (CSV)"},
    {"case", nt_cmd_case, "membuat, melihat dan memproses kasus; daftar tenggat"},
    {"user", nt_cmd_user, "mengelola pengguna, kata sandi dan token API"},
    {"audit", nt_cmd_audit, "memeriksa dan menampilkan log audit"},
    {"patrol", nt_cmd_patrol, "patroli siber: memindai ekspor media sosial, menautkan ke data ASN"},
    {"risk", nt_cmd_risk, "indeks risiko per wilayah; impor skor IKP Bawaslu"},
    {"exchange", nt_cmd_exchange, "paket bertanda tangan dengan otoritas kepegawaian (BKN)"},
    {"stats", nt_cmd_stats, "memeriksa angka dasbor terhadap hitungan ulang dari kasus"},
    {"prevention", nt_cmd_prevention,
     "pencegahan: kesepakatan, imbauan, ikrar, sosialisasi dan daftar hadir"},
    {"backup", nt_cmd_backup, "membuat cadangan lengkap (basis data, bukti, kunci) yang diperiksa"},
    {"restore", nt_cmd_restore, "memulihkan cadangan ke basis data baru (SQLite atau PostgreSQL)"},
    {"migrate", nt_cmd_migrate, "menggabungkan basis data sebuah kantor ke basis data nasional"},
};

static void usage(FILE *f)
{
    fputs("Penggunaan: netral <perintah> [opsi]\n\n"
          "Netral: pengawasan netralitas ASN dalam pemilu dan pilkada.\n\nPerintah:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
    fputs("\nOpsi umum: --db BERKAS (bawaan var/netral.db), --rules-dir DIREKTORI (data aturan),\n"
          "  --today TTTT-BB-HH (tanggal yang dipakai program; juga NETRAL_TODAY)\n"
          "Bantuan per perintah: netral <perintah> --help\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].fn(argc - 2, argv + 2);
    fprintf(stderr, "netral: perintah tidak dikenal: %s\n\n", argv[1]);
    usage(stderr);
    return 2;
}
