#!/bin/sh
# Stands in for wkhtmltopdf in the pool tests: reads one argument line, then dies with an error.
read -r line
echo "Error: stub wkhtmltopdf refuses $line" >&2
exit 1
