import pandas as pd
df = pd.DataFrame({'a': [1, 2, 3]})
print(df.head(n=2))
df.head(m=2)
