from django.apps import AppConfig


class CareerdevConfig(AppConfig):
    name = "careerdev"
    verbose_name = "careerdev"
