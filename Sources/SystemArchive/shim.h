// libarchive (Debian: libarchive-dev), for the archives keras.utils.get_file extracts: tar (plain,
// gzip, bzip2, xz) and zip, with its safeguards against paths outside the target folder.
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>

/// Extracts every entry of the archive at `path` into the folder `target`; 0 on success, 2 when the
/// file is not an archive of a kind `formats` allows (1 tar, 2 zip, 3 both), 1 on another error,
/// with libarchive's message in `message` (256 bytes).
static inline int nn_extract(const char *path, const char *target, int formats, char *message) {
    struct archive *reader = archive_read_new();
    if (formats & 1) {
        archive_read_support_format_tar(reader);
        archive_read_support_format_gnutar(reader);
    }
    if (formats & 2) archive_read_support_format_zip(reader);
    archive_read_support_filter_all(reader);
    if (archive_read_open_filename(reader, path, 1 << 16) != ARCHIVE_OK) {
        snprintf(message, 256, "%s", archive_error_string(reader) ? archive_error_string(reader) : "not an archive");
        archive_read_free(reader);
        return 2;
    }
    struct archive *writer = archive_write_disk_new();
    // Entries are placed under `target` by rewriting their paths (so libarchive's check against
    // absolute paths would refuse them all); an entry's own absolute or '..' path is refused here.
    archive_write_disk_set_options(writer, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                               ARCHIVE_EXTRACT_SECURE_SYMLINKS);
    int status = 0;
    struct archive_entry *entry;
    int r;
    while ((r = archive_read_next_header(reader, &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        const char *name = archive_entry_pathname(entry);
        if (name == NULL || name[0] == '/' || strcmp(name, "..") == 0 || strncmp(name, "../", 3) == 0 ||
            strstr(name, "/../") != NULL) {
            snprintf(message, 256, "the archive's entry '%s' would be written outside the folder", name ? name : "");
            status = 1;
            break;
        }
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", target, name);
        archive_entry_set_pathname(entry, full);
        if (archive_read_extract2(reader, entry, writer) != ARCHIVE_OK) {
            snprintf(message, 256, "%s", archive_error_string(reader) ? archive_error_string(reader) : "extraction failed");
            status = 1;
            break;
        }
    }
    if (status == 0 && r != ARCHIVE_EOF) {
        snprintf(message, 256, "%s", archive_error_string(reader) ? archive_error_string(reader) : "a damaged archive");
        status = r == ARCHIVE_FATAL && archive_file_count(reader) == 0 ? 2 : 1;
    }
    archive_write_free(writer);
    archive_read_free(reader);
    return status;
}
