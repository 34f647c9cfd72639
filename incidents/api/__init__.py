"""The JSON API's wiring: token login, problem-details errors, the OpenAPI document and its page.

Above the domains (like web.py): its route modules (`reports`, `areas`, ...) are thin views over
the domains' services, each declared with `docs.documented` beside the view.
"""
