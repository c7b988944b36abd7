// zlib (Debian: zlib1g-dev): deflate for PNG files, crc32 for their chunks.
#include <zlib.h>
