//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// processGone reports whether no process with id pid runs on this machine.
func processGone(pid int) bool {
	if pid <= 0 || pid == os.Getpid() {
		return false
	}
	err := syscall.Kill(pid, 0)
	return errors.Is(err, syscall.ESRCH)
}
