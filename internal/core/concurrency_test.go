package core_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/clock"
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/store"
)

// Use cases run at once from many goroutines, over two database handles (as two processes
// would hold) and over one shared handle, under `go test -race`: every write lands once, no
// call fails, readers run alongside writers, and the signed history verifies afterwards.
func TestConcurrentUseCases(t *testing.T) {
	const workers, perWorker = 8, 12
	ctx := context.Background()
	dir := t.TempDir()
	path, keyDir := filepath.Join(dir, "kefu.db"), filepath.Join(dir, "config")
	now := clock.Fixed(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)) // Monday 10:00 in Shanghai
	var services []*core.Service
	for i := 0; i < 2; i++ {
		db, _, err := store.OpenPersist(ctx, path, true)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		services = append(services, core.New(db, now))
	}
	s := services[0]
	for _, svc := range services {
		if err := core.PrepareAudit(ctx, svc.DB, core.Keys{Dir: keyDir}, now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Init(ctx, core.InitOptions{Manager: "王芳", TZ: "Asia/Shanghai", Region: "cn"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StaffAdd(ctx, "王芳", core.StaffAddOptions{Name: "陈静", Role: "supervisor", Hired: "2025-01-01"}); err != nil {
		t.Fatal(err)
	}
	for w := 0; w < workers; w++ {
		if _, err := s.StaffAdd(ctx, "王芳", core.StaffAddOptions{Name: fmt.Sprintf("agent%d", w), Role: "agent", Hired: "2025-01-01"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CustomerAdd(ctx, "王芳", core.CustomerAddOptions{Name: "刘洋", Phone: "13812341234"}); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	ids := map[int64]bool{}
	var errList []error
	fail := func(err error) {
		mu.Lock()
		errList = append(errList, err)
		mu.Unlock()
	}
	stop := make(chan struct{})
	var readers, writers sync.WaitGroup
	// Readers: lists and reports while the writers work.
	for r := 0; r < 2; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			svc := services[r%2]
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := svc.TicketList(ctx, core.TicketListOptions{}); err != nil {
					fail(fmt.Errorf("ticket list: %w", err))
				}
				if _, err := svc.ReportDaily(ctx, "2026-03-02", ""); err != nil {
					fail(fmt.Errorf("report daily: %w", err))
				}
			}
		}()
	}
	for w := 0; w < workers; w++ {
		writers.Add(1)
		go func() {
			defer writers.Done()
			svc := services[w%2]
			agent := fmt.Sprintf("agent%d", w)
			for j := 0; j < perWorker; j++ {
				tk, _, err := svc.TicketOpen(ctx, agent, core.TicketOpenOptions{Subject: fmt.Sprintf("%s-%d", agent, j),
					Kind: "inquiry", Channel: "chat", Customer: "刘洋", Assignee: agent})
				if err != nil {
					fail(fmt.Errorf("ticket open: %w", err))
					continue
				}
				mu.Lock()
				dup := ids[tk.ID]
				ids[tk.ID] = true
				mu.Unlock()
				if dup {
					fail(fmt.Errorf("ticket id %d handed out twice", tk.ID))
				}
				if _, err := svc.TicketNote(ctx, agent, tk.ID, "备注"); err != nil {
					fail(fmt.Errorf("ticket note: %w", err))
				}
				if _, err := svc.TicketReply(ctx, agent, tk.ID, "您好", ""); err != nil {
					fail(fmt.Errorf("ticket reply: %w", err))
				}
				if j%5 == 0 {
					if _, err := svc.ScoreAdd(ctx, "陈静", core.ScoreAddOptions{Staff: agent, Rule: "slow-reply", Reason: "回复慢", Ticket: tk.ID}); err != nil {
						fail(fmt.Errorf("score add: %w", err))
					}
				}
			}
		}()
	}
	writers.Wait()
	close(stop)
	readers.Wait()
	for i, err := range errList {
		if i == 10 {
			t.Errorf("... %d errors in all", len(errList))
			break
		}
		t.Error(err)
	}
	list, err := s.TicketList(ctx, core.TicketListOptions{Limit: 10 * workers * perWorker})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != workers*perWorker || len(ids) != workers*perWorker {
		t.Errorf("%d tickets listed, %d ids handed out; want %d", len(list), len(ids), workers*perWorker)
	}
	r, err := s.AuditVerify(ctx, core.Keys{Dir: keyDir}, "")
	if err != nil || !r.OK {
		t.Errorf("audit verify: %+v, %v", r, err)
	}
	t.Logf("%d goroutines over 2 handles: %d tickets with notes and replies, %d events; audit ok=%v", workers, len(list), r.Events, r.OK)
}
