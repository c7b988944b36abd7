# An uncaught exception of a script class names the class without its module.
class Account:
    def withdraw(self, n):
        raise MyError('x')
class MyError(Exception):
    pass
Account().withdraw(5)
