// libpng's simplified interface (libpng 1.6), wrapped so that Swift sees plain functions: its
// format macros combine flags, which Swift does not import.
#include <png.h>
#include <string.h>

/// An image description for libpng of 8-bit pixels with 1 (grey), 2 (grey, alpha), 3 (RGB) or 4 (RGBA) channels.
static inline png_image nn_png_image(unsigned width, unsigned height, int channels) {
    static const png_uint_32 formats[] = {PNG_FORMAT_GRAY, PNG_FORMAT_GA, PNG_FORMAT_RGB, PNG_FORMAT_RGBA};
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    image.format = channels >= 1 && channels <= 4 ? formats[channels - 1] : PNG_FORMAT_GRAY;
    return image;
}

/// Copies libpng's message into `message` (64 bytes), frees what libpng holds and returns 1.
static inline int nn_png_failed(png_image *image, char *message) {
    strncpy(message, image->message, 63);
    message[63] = 0;
    png_image_free(image);
    return 1;
}

/// Reads a PNG's size and channel count (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA); 0 on success, with
/// libpng's message in `message` (64 bytes) otherwise.
static inline int nn_png_info(const void *bytes, size_t size, unsigned *width, unsigned *height, int *channels,
                              char *message) {
    png_image image = nn_png_image(0, 0, 1);
    if (!png_image_begin_read_from_memory(&image, bytes, size)) return nn_png_failed(&image, message);
    *width = image.width;
    *height = image.height;
    *channels = (int)PNG_IMAGE_PIXEL_CHANNELS(image.format);
    png_image_free(&image);
    return 0;
}

/// Decodes a PNG to 8-bit pixels of `channels` channels (its own, for no conversion) into `pixels`,
/// which holds width * height * channels bytes.
static inline int nn_png_decode(const void *bytes, size_t size, int channels, unsigned char *pixels,
                                char *message) {
    png_image image = nn_png_image(0, 0, channels);
    png_uint_32 format = image.format;
    if (!png_image_begin_read_from_memory(&image, bytes, size)) return nn_png_failed(&image, message);
    image.format = format;
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) return nn_png_failed(&image, message);
    return 0;
}

/// The size of the PNG that encodes 8-bit pixels (0 on an error, with libpng's message).
static inline size_t nn_png_encoded_size(const unsigned char *pixels, unsigned width, unsigned height, int channels,
                                         char *message) {
    png_image image = nn_png_image(width, height, channels);
    png_alloc_size_t size = 0;
    if (!png_image_write_to_memory(&image, NULL, &size, 0, pixels, 0, NULL) || size == 0) {
        nn_png_failed(&image, message);
        return 0;
    }
    return size;
}

/// Encodes 8-bit pixels as a PNG into `out`, of `*size` bytes (nn_png_encoded_size's), setting
/// `*size` to the bytes written; 0 on success.
static inline int nn_png_encode(const unsigned char *pixels, unsigned width, unsigned height, int channels,
                                void *out, size_t *size, char *message) {
    png_image image = nn_png_image(width, height, channels);
    png_alloc_size_t written = *size;
    if (!png_image_write_to_memory(&image, out, &written, 0, pixels, 0, NULL)) return nn_png_failed(&image, message);
    *size = written;
    return 0;
}
