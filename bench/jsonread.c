/* jsonread - the floor for reading JSON Lines: a bare jansson parse of each
 * line, counting objects and their members. usage: jsonread [file] */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char *argv[])
{
	FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long objects = 0, members = 0;
	json_error_t err;

	if (f == NULL)
		return perror(argv[1]), 2;
	while ((n = getline(&line, &cap, f)) > 0) {
		json_t *j = json_loadb(line, (size_t)n, 0, &err);
		if (j == NULL)
			return fprintf(stderr, "jsonread: line %d: %s\n", err.line, err.text), 1;
		objects++;
		members += (long)json_object_size(j);
		json_decref(j);
	}
	free(line);
	printf("%ld objects, %ld members\n", objects, members);
	return ferror(f) ? 2 : 0;
}
