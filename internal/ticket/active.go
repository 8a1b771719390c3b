package ticket

// ActiveStatuses are the statuses in which work on a ticket is still owed (Status.Active): the
// tickets a report counts as open at the end of a day. The store selects them by this list.
func ActiveStatuses() []Status {
	var out []Status
	for _, s := range Statuses {
		if s.Active() {
			out = append(out, s)
		}
	}
	return out
}
