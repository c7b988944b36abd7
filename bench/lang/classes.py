# objects with methods in a loop, and a small vector class with __add__ and __mul__
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def dot(self, other):
        return self.x * other.x + self.y * other.y

class Particle:
    def __init__(self, x, v):
        self.position = x
        self.velocity = v
    def step(self, dt):
        self.position = self.position + self.velocity * dt
        return self.position.dot(self.position)

particles = [Particle(Vec(i, -i), Vec(1.0, 0.5)) for i in range(100)]
total = 0.0
for _ in range(2000):
    for p in particles:
        total += p.step(0.01)
print(round(total, 3))
