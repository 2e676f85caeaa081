"""What a line item asks for and what stock is: units, grades, whether they match, and how well a line is covered.

Pure rules, no database: the reservation service enforces them, order details and the certificate pack report them.
"""
