print(divmod(7, 2), sorted([3, 1, 2], reverse=True))
print(round(1.5, number=2))
