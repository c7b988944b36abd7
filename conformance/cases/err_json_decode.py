import json
config = json.loads("{\"epochs\": 10, \"lr\": 0.01}")
print(config)
config = json.loads("{\"epochs\": 10,\n \"lr\": }")
