# Runs a bench/keras workload under TensorFlow and reports the time spent inside fit on standard
# error, as nn does with NN_FIT_TIMES set. Used by scripts/bench --with-keras.
import sys, time, runpy
import tensorflow as tf

original_fit = tf.keras.Model.fit
def timed_fit(self, *args, **kwargs):
    start = time.perf_counter()
    try:
        return original_fit(self, *args, **kwargs)
    finally:
        print('fit_seconds', time.perf_counter() - start, file=sys.stderr)
tf.keras.Model.fit = timed_fit
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name='__main__')
