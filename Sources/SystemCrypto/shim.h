// OpenSSL's libcrypto (Debian: libssl-dev): the SHA-256 and MD5 digests Keras checks downloads with.
#include <openssl/evp.h>
