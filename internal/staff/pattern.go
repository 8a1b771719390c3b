package staff

// A work pattern says which days a staff member works (product.md "Business calendar"): the
// team's business calendar, weekly days, or a rotation. rota.ParsePattern is the one parser of
// it; a staff record keeps its canonical text.

// TeamPattern is the default work pattern: the team's business calendar.
const TeamPattern = "team"
