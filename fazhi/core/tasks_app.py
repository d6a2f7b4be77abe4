"""The task queue's tables (django_tasks_db) under a Chinese name in the admin: the same app
(label, models, migrations), only its verbose_name differs."""

from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = "后台任务"
