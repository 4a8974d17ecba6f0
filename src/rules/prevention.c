/* prevention.c - see prevention.h. */
#include "rules/prevention.h"

#include <string.h>

const nt_kind nt_agreement_kinds[] = {
    {"mou", "Nota kesepahaman (MoU)"},
    {"pks", "Perjanjian kerja sama (PKS)"},
    {NULL, NULL},
};

const nt_kind nt_agreement_party_kinds[] = {
    {"bawaslu", "Bawaslu"},
    {"pemda", "Pemerintah daerah (Pemprov/Pemkab/Pemkot)"},
    {"otoritas", "Otoritas kepegawaian (KASN/BKN)"},
    {"korpri", "KORPRI"},
    {"lainnya", "Instansi atau lembaga lain"},
    {NULL, NULL},
};

const nt_kind nt_pledge_methods[] = {
    {"kertas", "Formulir kertas yang ditandatangani"},
    {"acara", "Ditandatangani dalam acara"},
    {"daftar", "Daftar tanda tangan yang diimpor"},
    {NULL, NULL},
};

const nt_kind nt_appeal_addressees[] = {
    {"sekda", "Sekretaris daerah"},
    {"kepala_opd", "Kepala perangkat daerah dan instansi vertikal"},
    {"camat", "Camat"},
    {"kepala_desa", "Kepala desa dan lurah"},
    {"sekolah", "Kepala sekolah dan guru"},
    {"asn", "Seluruh ASN"},
    {"lainnya", "Pihak lain"},
    {NULL, NULL},
};

const nt_kind nt_appeal_channels[] = {
    {"surat", "Surat resmi"},
    {"email", "Surat elektronik"},
    {"whatsapp", "WhatsApp"},
    {"media_sosial", "Media sosial"},
    {"laman", "Laman resmi"},
    {"tatap_muka", "Disampaikan langsung"},
    {NULL, NULL},
};

const nt_kind nt_event_kinds[] = {
    {"sosialisasi", "Sosialisasi"}, {"koordinasi", "Rapat koordinasi"},
    {"bimtek", "Bimbingan teknis"}, {"ikrar", "Penandatanganan ikrar netralitas"},
    {"lainnya", "Kegiatan lain"},   {NULL, NULL},
};

const nt_kind nt_event_modes[] = {
    {"luring", "Luring (tatap muka)"},
    {"daring", "Daring"},
    {"campuran", "Luring dan daring"},
    {NULL, NULL},
};

const nt_kind nt_prevention_file_roles[] = {
    {"dokumen", "Dokumen yang ditandatangani"},
    {"materi", "Materi"},
    {"foto", "Foto"},
    {NULL, NULL},
};

const nt_kind nt_attendance_methods[] = {
    {"nip", "Dicocokkan dengan NIP"},
    {"nama", "Dicocokkan dengan nama"},
    {"konfirmasi", "Dikonfirmasi petugas"},
    {NULL, NULL},
};

const char *nt_kind_label(const nt_kind *table, const char *name)
{
    for (const nt_kind *k = table; name && k->name; k++)
        if (!strcmp(k->name, name)) return k->label;
    return NULL;
}
