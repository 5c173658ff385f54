"""One mechanism for every conflict: the facts that answer a question (figures first) are its answers."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from casefile.core.roles import sync_roles

REASON = "Linked as the figure's answer to its question (one mechanism for every conflict)"


def link_figures_as_answers(apps, schema_editor):
    """Every figure becomes its question's answer; a preferred figure, in every version kept, its preferred answer.

    Each answer gets a history row dated when its figure was created, so the history shows the link
    from the start; the questions' history rows point at the answers instead of the figures.
    """
    Figure = apps.get_model("figures", "Figure")
    Answer = apps.get_model("figures", "Answer")
    HistoricalAnswer = apps.get_model("figures", "HistoricalAnswer")
    Question = apps.get_model("figures", "Question")
    HistoricalQuestion = apps.get_model("figures", "HistoricalQuestion")
    answer_of = {}
    for figure in Figure.objects.filter(revision_of__isnull=True).order_by("pk").iterator():
        answer = Answer.objects.create(question_id=figure.question_id, figure_id=figure.pk)
        Answer.objects.filter(pk=answer.pk).update(created_at=figure.created_at)
        HistoricalAnswer.objects.create(
            id=answer.pk,
            question_id=figure.question_id,
            figure_id=figure.pk,
            reading="",
            created_at=figure.created_at,
            updated_at=answer.updated_at,
            history_date=figure.created_at,
            history_type="+",
            history_change_reason=REASON,
        )
        answer_of[figure.pk] = answer.pk
    for model in (Question, HistoricalQuestion):
        for row in model.objects.filter(preferred__isnull=False).only("pk", "preferred_id"):
            model.objects.filter(pk=row.pk).update(preferred_answer_id=answer_of.get(row.preferred_id))


def unlink_figures_as_answers(apps, schema_editor):
    Answer = apps.get_model("figures", "Answer")
    Question = apps.get_model("figures", "Question")
    HistoricalQuestion = apps.get_model("figures", "HistoricalQuestion")
    figure_of = dict(Answer.objects.filter(figure__isnull=False).values_list("pk", "figure_id"))
    for model in (Question, HistoricalQuestion):
        for row in model.objects.filter(preferred_answer__isnull=False).only("pk", "preferred_answer_id"):
            model.objects.filter(pk=row.pk).update(preferred_id=figure_of.get(row.preferred_answer_id))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0030_event_persian_texts"),
        ("figures", "0021_question_preferred_reading"),
        ("people", "0033_organisations_revisions_and_anchors"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalAnswer",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created")),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated")),
                (
                    "reading",
                    models.CharField(
                        blank=True,
                        help_text="What this fact says in answer, as its source words it (“Tirana, Albania”, “Co-President”). Left empty for a figure: its figure as stated is the answer.",
                        max_length=300,
                        verbose_name="answer",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical answer",
                "verbose_name_plural": "historical answers",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterField(
            model_name="historicalquestion",
            name="preferred_reason",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers, in neutral words: why this answer is preferred (e.g. an official count).",
                verbose_name="reason for the preference",
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="preferred_reason",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers, in neutral words: why this answer is preferred (e.g. an official count).",
                verbose_name="reason for the preference",
            ),
        ),
        migrations.CreateModel(
            name="Answer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "reading",
                    models.CharField(
                        blank=True,
                        help_text="What this fact says in answer, as its source words it (“Tirana, Albania”, “Co-President”). Left empty for a figure: its figure as stated is the answer.",
                        max_length=300,
                        verbose_name="answer",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="events.event",
                        verbose_name="event",
                    ),
                ),
                (
                    "figure",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answer",
                        to="figures.figure",
                        verbose_name="figure",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="people.person",
                        verbose_name="person",
                    ),
                ),
                (
                    "position",
                    models.ForeignKey(
                        blank=True,
                        help_text="For a person's title: the position whose citations support this answer.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="answers",
                        to="people.position",
                        verbose_name="position",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="answers",
                        to="figures.question",
                        verbose_name="question",
                    ),
                ),
            ],
            options={
                "verbose_name": "answer",
                "verbose_name_plural": "answers",
                "ordering": ["question", "pk"],
            },
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="event",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="events.event",
                verbose_name="event",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="figure",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="figures.figure",
                verbose_name="figure",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="person",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="people.person",
                verbose_name="person",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="position",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For a person's title: the position whose citations support this answer.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="people.position",
                verbose_name="position",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="question",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="figures.question",
                verbose_name="question",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("event__isnull", True), ("figure__isnull", False), ("person__isnull", True)),
                    models.Q(("event__isnull", False), ("figure__isnull", True), ("person__isnull", True)),
                    models.Q(("event__isnull", True), ("figure__isnull", True), ("person__isnull", False)),
                    _connector="OR",
                ),
                name="figures_answer_one_fact",
                violation_error_message="An answer is one fact: a figure, an event or a person.",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(("position__isnull", True), ("person__isnull", False), _connector="OR"),
                name="figures_answer_position_has_person",
                violation_error_message="A position answers for its person: choose the person too.",
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("figure__isnull", False), models.Q(("reading", ""), _negated=True), _connector="OR"
                ),
                name="figures_answer_reading_given",
                violation_error_message="Say what this fact answers, as its source words it.",
            ),
        ),
        migrations.RemoveConstraint(model_name="question", name="figures_question_preference_has_reason"),
        migrations.AddField(
            model_name="question",
            name="preferred_answer",
            field=models.ForeignKey(
                blank=True,
                help_text="Optional: the answer the editors consider best supported. The other answers stay shown beside it, each attributed; readers see the preference and its reason.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="figures.answer",
                verbose_name="preferred answer",
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
            name="preferred_answer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Optional: the answer the editors consider best supported. The other answers stay shown beside it, each attributed; readers see the preference and its reason.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="figures.answer",
                verbose_name="preferred answer",
            ),
        ),
        migrations.RunPython(link_figures_as_answers, unlink_figures_as_answers),
        migrations.RemoveField(model_name="question", name="preferred"),
        migrations.RemoveField(model_name="historicalquestion", name="preferred"),
        migrations.RenameField(model_name="question", old_name="preferred_answer", new_name="preferred"),
        migrations.RenameField(model_name="historicalquestion", old_name="preferred_answer", new_name="preferred"),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("preferred__isnull", True), models.Q(("preferred_reason", ""), _negated=True), _connector="OR"
                ),
                name="figures_question_preference_has_reason",
                violation_error_message="Say why this answer is preferred: readers see the reason.",
            ),
        ),
        # Editors and reviewers add and change answers (the roles' permissions on the new model).
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
