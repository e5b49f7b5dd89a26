"""The access log becomes a hash chain per municipality, guarded by the database; emergency access."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from helhet.access import chain, guards


def chain_existing_rows(apps, schema_editor):
    """Number and hash the rows written before the chain, per municipality in the order they were written."""
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS access_accesslog_no_update ON access_accesslog"
        if schema_editor.connection.vendor == "postgresql"
        else "DROP TRIGGER IF EXISTS access_accesslog_no_update"
    )
    AccessLog = apps.get_model("access", "AccessLog")
    AccessLogHead = apps.get_model("access", "AccessLogHead")
    municipality_ids = AccessLog.objects.values_list("municipality_id", flat=True).distinct()
    for municipality_id in sorted(set(municipality_ids)):
        previous, seq, batch = chain.GENESIS, 0, []
        for row in AccessLog.objects.filter(municipality_id=municipality_id).order_by("at", "pk").iterator():
            seq += 1
            row.seq = seq
            row.hash = chain.row_digest(row, previous)
            previous = row.hash
            batch.append(row)
            if len(batch) >= 1000:
                AccessLog.objects.bulk_update(batch, ["seq", "hash"])
                batch = []
        AccessLog.objects.bulk_update(batch, ["seq", "hash"])
        AccessLogHead.objects.create(municipality_id=municipality_id, seq=seq)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the table is altered next


def install_guards(apps, schema_editor):
    guards.install(schema_editor)


def remove_guards(apps, schema_editor):
    guards.remove(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0009_access_log_refused'),
        ('core', '0001_initial'),
        ('people', '0002_parental_responsibility'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessLogHead',
            fields=[
                ('municipality', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='+', serialize=False, to='core.municipality', verbose_name='kommune')),
                ('seq', models.BigIntegerField(default=0, verbose_name='siste løpenummer')),
            ],
            options={
                'verbose_name': 'kjedehode for tilgangsloggen',
                'verbose_name_plural': 'kjedehoder for tilgangsloggen',
            },
        ),
        migrations.CreateModel(
            name='EmergencyAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(max_length=500, verbose_name='begrunnelse')),
                ('granted_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='åpnet')),
                ('expires_at', models.DateTimeField(verbose_name='gyldig til')),
                ('unit_ids', models.JSONField(blank=True, default=list, verbose_name='brukerens enheter')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='gjennomgått')),
                ('review_note', models.TextField(blank=True, max_length=1000, verbose_name='merknad fra gjennomgangen')),
            ],
            options={
                'verbose_name': 'nødtilgang',
                'verbose_name_plural': 'nødtilganger',
            },
        ),
        migrations.AddField(
            model_name='accesslog',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='kjedehash'),
        ),
        migrations.AddField(
            model_name='accesslog',
            name='seq',
            field=models.BigIntegerField(editable=False, null=True, verbose_name='løpenummer i kommunens kjede'),
        ),
        migrations.AlterField(
            model_name='accesslog',
            name='at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='tidspunkt'),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='accesslog',
            name='seq',
            field=models.BigIntegerField(editable=False, verbose_name='løpenummer i kommunens kjede'),
        ),
        migrations.AlterField(
            model_name='accesslog',
            name='hash',
            field=models.CharField(editable=False, max_length=64, verbose_name='kjedehash'),
        ),
        migrations.AddConstraint(
            model_name='accesslog',
            constraint=models.UniqueConstraint(fields=('municipality', 'seq'), name='accesslog_one_row_per_link'),
        ),
        migrations.AddConstraint(
            model_name='accesslog',
            constraint=models.CheckConstraint(condition=models.Q(('seq__gte', 1)), name='accesslog_seq_positive'),
        ),
        migrations.AddField(
            model_name='emergencyaccess',
            name='municipality',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='core.municipality', verbose_name='kommune'),
        ),
        migrations.AddField(
            model_name='emergencyaccess',
            name='person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='emergency_accesses', to='people.person', verbose_name='person'),
        ),
        migrations.AddField(
            model_name='emergencyaccess',
            name='reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='gjennomgått av'),
        ),
        migrations.AddField(
            model_name='emergencyaccess',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='bruker'),
        ),
        migrations.AddIndex(
            model_name='emergencyaccess',
            index=models.Index(fields=['user', 'person', '-expires_at'], name='emergency_active'),
        ),
        migrations.AddIndex(
            model_name='emergencyaccess',
            index=models.Index(fields=['municipality', 'reviewed_at'], name='emergency_review'),
        ),
        migrations.AddConstraint(
            model_name='emergencyaccess',
            constraint=models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('granted_at'))), name='emergency_period'),
        ),
        migrations.AddConstraint(
            model_name='emergencyaccess',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('reviewed_at__isnull', True), ('reviewed_by__isnull', True)), models.Q(('reviewed_at__isnull', False), ('reviewed_by__isnull', False)), _connector='OR'), name='emergency_review_complete'),
        ),
        migrations.RunPython(install_guards, remove_guards),
    ]
