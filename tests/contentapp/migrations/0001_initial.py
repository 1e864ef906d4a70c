# The test-only Note table. Without a migration, run_syncdb would create it before the tables it references exist.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('municipalities', '0003_audit_actions_closed_set'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Note',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=120, verbose_name='slug')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published'), ('archived', 'Archived')], db_index=True, default='draft', max_length=16, verbose_name='status')),
                ('title_ka', models.CharField(max_length=300, verbose_name='title (Georgian)')),
                ('title_en', models.CharField(blank=True, max_length=300, verbose_name='title (English)')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, db_index=True, verbose_name='updated')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='first published')),
                ('lock_owner', models.CharField(blank=True, default='', editable=False, max_length=120)),
                ('lock_kind', models.CharField(blank=True, choices=[('harvested', 'Harvested from a portal'), ('under_review', 'Under review')], default='', editable=False, max_length=16)),
                ('lock_source', models.CharField(blank=True, default='', editable=False, max_length=300)),
                ('body_ka', models.TextField(blank=True, verbose_name='body (Georgian)')),
                ('body_en', models.TextField(blank=True, verbose_name='body (English)')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(app_label)s_%(class)ss', to='municipalities.organization', verbose_name='organization')),
            ],
            options={
                'verbose_name': 'note',
                'verbose_name_plural': 'notes',
                'ordering': ['-updated_at', '-id'],
                'abstract': False,
                'indexes': [models.Index(fields=['status', '-updated_at'], name='contentapp__status_e1fa09_idx')],
                'constraints': [models.UniqueConstraint(fields=('organization', 'slug'), name='contentapp_note_unique_slug_per_organization')],
            },
        ),
    ]
