import sys
print("before exit")
sys.exit("bye: the data folder is missing")
print("not printed")
