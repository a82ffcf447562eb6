"""The signed-in home page: seller summary, invoice form, quota, live invoice list, and what its buttons do."""
