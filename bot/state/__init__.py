"""The bot's own state in SQLite: the database and its migrations (db), the answers shown, reports."""
