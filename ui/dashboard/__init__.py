"""The signed-in home page: seller card, invoice form, quota, live invoice list, and what its buttons do."""
