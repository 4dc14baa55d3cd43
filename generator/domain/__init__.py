"""Domain: the fixed vocabulary of the law and the language (rules file, categories, types, dates).

May import nothing else from the package.
"""
