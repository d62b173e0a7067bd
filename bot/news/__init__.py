"""Keeping the bot current: the inbox folder (inbox.py, its polling in watch.py) and matching new
meetings against members' subscriptions (matching.py). See docs/news.md."""
