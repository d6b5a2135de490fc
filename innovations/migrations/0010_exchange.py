# Partner API keys, ingestion policies and import jobs (data exchange, issue parts 1-3).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('innovations', '0009_replication_demo_flags'),
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='IngestionPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('kipp', 'KIPP KemenPANRB'), ('iga', 'IGA Kemendagri'), ('lan_lab', 'Laboratorium Inovasi LAN'), ('provincial', 'Kompetisi provinsi'), ('agency', 'Usulan instansi'), ('other', 'Lainnya')], max_length=20, unique=True, verbose_name='sumber')),
                ('target_status', models.CharField(choices=[('in_review', 'Dalam peninjauan (kurator menerbitkan)'), ('published', 'Langsung terbit')], default='in_review', max_length=20, verbose_name='status entri baru')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='diperbarui pada')),
            ],
            options={
                'verbose_name': 'kebijakan penerimaan data',
                'verbose_name_plural': 'kebijakan penerimaan data',
                'ordering': ['source'],
            },
        ),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='imports/%Y/%m/', verbose_name='berkas')),
                ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'XLSX')], max_length=4, verbose_name='format')),
                ('status', models.CharField(choices=[('validating', 'Sedang diperiksa'), ('validated', 'Siap diimpor (menunggu konfirmasi)'), ('invalid', 'Ada kesalahan (tidak ada yang disimpan)'), ('importing', 'Sedang diimpor'), ('done', 'Selesai'), ('failed', 'Gagal (tidak ada yang disimpan)')], default='validating', max_length=10, verbose_name='status')),
                ('total_rows', models.PositiveIntegerField(default=0, verbose_name='jumlah baris')),
                ('processed_rows', models.PositiveIntegerField(default=0, verbose_name='baris diproses')),
                ('report', models.JSONField(blank=True, default=dict, verbose_name='laporan')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='dibuat pada')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='mulai')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='selesai')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diunggah oleh')),
            ],
            options={
                'verbose_name': 'impor data',
                'verbose_name_plural': 'impor data',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='PartnerKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='Mis. Sinkronisasi SINOVIK', max_length=120, verbose_name='nama')),
                ('prefix', models.CharField(editable=False, help_text='Awal token, untuk mengenali kunci tanpa menyimpan token.', max_length=12, unique=True, verbose_name='awalan kunci')),
                ('hashed_token', models.CharField(editable=False, max_length=64, unique=True)),
                ('can_read', models.BooleanField(default=True, verbose_name='boleh membaca')),
                ('write_source', models.CharField(blank=True, choices=[('kipp', 'KIPP KemenPANRB'), ('iga', 'IGA Kemendagri'), ('lan_lab', 'Laboratorium Inovasi LAN'), ('provincial', 'Kompetisi provinsi'), ('agency', 'Usulan instansi'), ('other', 'Lainnya')], help_text='Kosong: kunci hanya untuk membaca.', max_length=20, verbose_name='boleh menulis untuk sumber')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='dibuat pada')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='dicabut pada')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='terakhir dipakai')),
                ('agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='partner_keys', to='regions.agency', verbose_name='instansi mitra')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh')),
                ('user', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='partner_key', to=settings.AUTH_USER_MODEL, verbose_name='pengguna teknis')),
            ],
            options={
                'verbose_name': 'kunci API mitra',
                'verbose_name_plural': 'kunci API mitra',
                'ordering': ['-created_at'],
            },
        ),
    ]
