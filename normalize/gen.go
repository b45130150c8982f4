package normalize

//go:generate go run ./internal/gen -unihan /usr/share/unicode/Unihan_Variants.txt.bz2 -o t2s_table.go
