import pandas as pd
import matplotlib.pyplot as plt

df = pd.DataFrame({'celsius': [-40, -10, 0, 8, 15, 22, 38], 'fahrenheit': [-40, 14, 32, 46, 59, 72, 100]})
ax = df.plot()
print(ax, repr(ax))
ax = df.plot(x='celsius', y='fahrenheit', title='Celsius to Fahrenheit')
print(repr(ax), ax.get_title(), ax.get_xlabel())
print(ax.set_ylabel('fahrenheit'), repr(ax))
print(repr(df.plot(kind='scatter', x='celsius', y='fahrenheit')))
print(repr(df.plot.scatter(x='celsius', y='fahrenheit', color='red')))
print(repr(df['fahrenheit'].plot(kind='hist', bins=5)))
print(repr(df.plot.bar()))
plt.figure()
print(repr(df['celsius'].plot()), repr(df['celsius'].plot(title='celsius')))
history = pd.DataFrame({'loss': [3.0, 2.0, 1.5, 1.2], 'val_loss': [3.2, 2.4, 1.9, 1.7]})
print(repr(history.plot(figsize=(8, 5), grid=True, xlabel='epoch', ylabel='loss')))
print(plt.subplot(2, 3, 5), plt.subplot(5, 6, 12))
try:
    df.plot(kind='scatter', x='celsius')
except ValueError as e:
    print("ValueError:", e)
plt.close('all')
