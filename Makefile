all:
	cmake -S . -B build && cmake --build build -j

test:
	sh scripts/test.sh

clean:
	rm -rf build

.PHONY: all test clean
