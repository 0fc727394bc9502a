"""Adapters that let other HTTP libraries authenticate with a dsauth client.

Each needs its optional extra: :mod:`dsauth.contrib.requests`
(``dsauth[requests]``), :mod:`dsauth.contrib.httpx` (``dsauth[httpx]``) and
:mod:`dsauth.contrib.esign` (``dsauth[esign]``, the official SDK).
"""
