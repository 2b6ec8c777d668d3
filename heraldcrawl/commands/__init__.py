"""Scrapy commands of the project (see COMMANDS_MODULE in settings)."""
