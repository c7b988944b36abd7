import pandas as pd
print('reading')
pd.read_csv('data')
