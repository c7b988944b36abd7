// FreeType (Debian: libfreetype-dev), wrapped in a few functions: its load flags and fixed-point
// types are macros and structs Swift imports poorly.
#include <ft2build.h>
#include FT_FREETYPE_H
#include <math.h>

/// A rendered glyph: its 8-bit coverage bitmap, where the bitmap sits from the pen (left, and top
/// above the baseline, in pixels) and the pen's advance in pixels.
typedef struct {
    int width, rows, pitch, left, top;
    double advance;
    const unsigned char *buffer;
} nn_glyph;

static inline FT_Library nn_ft_library(void) {
    FT_Library library = NULL;
    return FT_Init_FreeType(&library) == 0 ? library : NULL;
}

static inline FT_Face nn_ft_open(FT_Library library, const char *path) {
    FT_Face face = NULL;
    return FT_New_Face(library, path, 0, &face) == 0 ? face : NULL;
}

/// Whether the face has a glyph for the character.
static inline int nn_ft_has(FT_Face face, unsigned long codepoint) { return FT_Get_Char_Index(face, codepoint) != 0; }

/// Loads (and, when `render`, draws) the character's glyph at `pixels` per em, turned `angle` radians
/// anticlockwise; a character the face lacks gets its missing-glyph box.
static inline int nn_ft_glyph(FT_Face face, unsigned long codepoint, double pixels, double angle, int render,
                              nn_glyph *out) {
    if (FT_Set_Char_Size(face, 0, (FT_F26Dot6)(pixels * 64 + 0.5), 72, 72)) return 1;
    FT_Matrix matrix;
    matrix.xx = (FT_Fixed)(cos(angle) * 0x10000);
    matrix.xy = (FT_Fixed)(-sin(angle) * 0x10000);
    matrix.yx = (FT_Fixed)(sin(angle) * 0x10000);
    matrix.yy = (FT_Fixed)(cos(angle) * 0x10000);
    FT_Set_Transform(face, angle == 0 ? NULL : &matrix, NULL);
    FT_UInt index = FT_Get_Char_Index(face, codepoint);
    if (FT_Load_Glyph(face, index, FT_LOAD_NO_BITMAP | FT_LOAD_TARGET_LIGHT)) return 1;
    FT_GlyphSlot slot = face->glyph;
    // The untransformed advance: the caller moves the pen along the turned baseline itself.
    out->advance = slot->linearHoriAdvance / 65536.0;
    if (render) {
        if (FT_Render_Glyph(slot, FT_RENDER_MODE_NORMAL)) return 1;
        out->width = (int)slot->bitmap.width;
        out->rows = (int)slot->bitmap.rows;
        out->pitch = slot->bitmap.pitch;
        out->left = slot->bitmap_left;
        out->top = slot->bitmap_top;
        out->buffer = slot->bitmap.buffer;
    }
    return 0;
}
