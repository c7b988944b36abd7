// libjpeg-turbo's TurboJPEG interface (Debian: libturbojpeg0-dev), wrapped in two functions.
#include <turbojpeg.h>
#include <string.h>

static inline void nn_jpeg_message(tjhandle handle, char *message) {
    strncpy(message, tjGetErrorStr2(handle), 63);
    message[63] = 0;
}

/// A JPEG's size and colour components (1 grey, 3 colour); 0 on success.
static inline int nn_jpeg_info(const unsigned char *bytes, unsigned long size, int *width, int *height, int *channels,
                               char *message) {
    tjhandle handle = tjInitDecompress();
    if (!handle) { strcpy(message, "libjpeg-turbo could not start"); return 1; }
    int subsampling = 0, colorspace = 0;
    int failed = tjDecompressHeader3(handle, bytes, size, width, height, &subsampling, &colorspace);
    if (failed) nn_jpeg_message(handle, message);
    *channels = colorspace == TJCS_GRAY ? 1 : 3;
    tjDestroy(handle);
    return failed ? 1 : 0;
}

/// Decodes a JPEG to 8-bit grey (1 channel) or RGB (3) pixels of width * height * channels bytes, with
/// the fast integer DCT and fancy upsampling, as TensorFlow's decode_jpeg does by default.
static inline int nn_jpeg_decode(const unsigned char *bytes, unsigned long size, int channels, unsigned char *pixels,
                                 int width, int height, char *message) {
    tjhandle handle = tjInitDecompress();
    if (!handle) { strcpy(message, "libjpeg-turbo could not start"); return 1; }
    int failed = tjDecompress2(handle, bytes, size, pixels, width, 0, height, channels == 1 ? TJPF_GRAY : TJPF_RGB,
                               TJFLAG_FASTDCT);
    if (failed) nn_jpeg_message(handle, message);
    tjDestroy(handle);
    return failed ? 1 : 0;
}

/// Encodes grey or RGB pixels as a JPEG of the given quality (1–100) into a buffer libjpeg-turbo
/// allocates (`*out`, freed with nn_jpeg_free).
static inline int nn_jpeg_encode(const unsigned char *pixels, int width, int height, int channels, int quality,
                                 unsigned char **out, unsigned long *size, char *message) {
    tjhandle handle = tjInitCompress();
    if (!handle) { strcpy(message, "libjpeg-turbo could not start"); return 1; }
    *out = NULL;
    *size = 0;
    int failed = tjCompress2(handle, pixels, width, 0, height, channels == 1 ? TJPF_GRAY : TJPF_RGB, out, size,
                             channels == 1 ? TJSAMP_GRAY : TJSAMP_420, quality, 0);
    if (failed) nn_jpeg_message(handle, message);
    tjDestroy(handle);
    return failed ? 1 : 0;
}

static inline void nn_jpeg_free(unsigned char *buffer) { tjFree(buffer); }
