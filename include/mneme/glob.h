/* glob.h - shell-style wildcard matching (lib/glob.c): * ? [a-z] [!x]. */
#ifndef MNEME_GLOB_H
#define MNEME_GLOB_H

#include <mneme/types.h>

bool glob_match(const char *pattern, const char *str);

#endif
