// Command hello prints its version: the smallest useful static binary for a scratch image.
package main

import (
	"fmt"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Printf("hello %s\n", version)
		return
	}
	fmt.Printf("hello from a scratch image (version %s)\n", version)
}
