"""Production settings: pelicanconf plus the public address."""

import os
import sys

sys.path.append(os.curdir)

from pelicanconf import *  # noqa: F403 - Pelican's documented pattern for publishconf

SITEURL = "https://program.fjordvik.kommune.example"
RELATIVE_URLS = False
