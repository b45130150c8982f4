package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asCLI makes the test binary run the command line given after it, so that
// tests can run minsheng as a process of its own and kill it.
const asCLI = "MINSHENG_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cliProcess is minsheng run as a process of its own.
func cliProcess(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), asCLI+"=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out, &errb
}

// distinctNotices writes n copies of the sample documents, each with a line
// of its own, so that each is a document of its own.
func distinctNotices(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	seeds := seedPaths(t)
	for i := range n {
		src := seeds[i%len(seeds)]
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, fmt.Sprintf("\n\n抄送编号:%06d\n", i)...)
		name := fmt.Sprintf("%03d-%s", i, filepath.Base(src))
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// storeCounts is the number of rows of the store's tables, as the query
// command prints them in CSV.
func storeCounts(t *testing.T, db string) string {
	t.Helper()
	out, errOut, code := runCLI(t, "query", "--db", db, "--format", "csv",
		`SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM items), (SELECT COUNT(*) FROM targets),
		        (SELECT COUNT(*) FROM progress), (SELECT COUNT(*) FROM target_links), (SELECT COUNT(*) FROM latest_reports)`)
	if code != exitOK {
		t.Fatalf("query after a crash: exit %d: %s", code, errOut)
	}
	// the values, without the header, which each engine names its own way
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

// An ingest killed with SIGKILL at any moment leaves a store every command
// reads, and ingesting again converges on what one uninterrupted ingest
// stores.
func TestIngestKilledAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("runs minsheng as a process several times")
	}
	notices := distinctNotices(t, 40)
	clean := filepath.Join(t.TempDir(), "clean.db")
	start := time.Now()
	cmd, _, errb := cliProcess(t, "ingest", "--db", clean, notices)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("uninterrupted ingest: %v: %s", err, errb)
	}
	took := time.Since(start)
	want := storeCounts(t, clean)

	rng := rand.New(rand.NewPCG(1, 2))
	killed := 0
	for round := range 3 {
		db := filepath.Join(t.TempDir(), "killed.db")
		for range 2 { // killed while loading everything, then while loading the rest
			cmd, _, errb := cliProcess(t, "ingest", "--db", db, notices)
			time.Sleep(time.Duration(rng.Int64N(int64(took))))
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err != nil {
				killed++
			}
			if !fileExists(db) {
				continue // killed before the store was created
			}
			for _, args := range [][]string{
				{"query", "SELECT COUNT(*) FROM targets"},
				{"report", "--summary"},
				{"export", "--format", "csv"},
				{"link", "list"},
			} {
				if _, errOut, code := runCLI(t, append([]string{args[0], "--db", db}, args[1:]...)...); code != exitOK {
					t.Errorf("round %d: %s after SIGKILL: exit %d: %s (ingest's stderr: %s)", round, args[0], code, errOut, errb.String())
				}
			}
		}
		if out, errOut, code := runCLI(t, "ingest", "--db", db, notices); code != exitOK {
			t.Fatalf("round %d: ingest after the kills: exit %d: %s %s", round, code, out, errOut)
		}
		if got := storeCounts(t, db); got != want {
			t.Errorf("round %d: after kills and a last ingest the store holds\n%s\nan uninterrupted ingest stores\n%s", round, got, want)
		}
	}
	if killed == 0 {
		t.Errorf("no ingest was killed before it ended")
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// SIGTERM stops reading, keeps what was stored and prints the summary.
func TestIngestSummaryOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("runs minsheng as a process")
	}
	notices := distinctNotices(t, 60)
	db := filepath.Join(t.TempDir(), "m.db")
	cmd, out, errb := cliProcess(t, "ingest", "--db", db, notices)
	// Wait until the first document is stored.
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if o, _, code := runCLI(t, "query", "--db", db, "SELECT COUNT(*) FROM documents"); code == exitOK && !strings.Contains(o, "\n0\n") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if !strings.Contains(out.String(), "ingest: ") || !strings.Contains(out.String(), "interrupted: ") {
		t.Fatalf("no summary after SIGTERM (%v): stdout %q, stderr %q", err, out.String(), errb.String())
	}
	docs := strings.Split(storeCounts(t, db), ",")[0]
	if !strings.Contains(out.String(), " "+docs+" new") {
		t.Errorf("summary %q does not count the %s documents stored", out.String(), docs)
	}
	if code != exitPartial {
		t.Errorf("exit %d after an interrupted ingest, want %d", code, exitPartial)
	}
}
