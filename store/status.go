package store

import "context"

// Status summarises the database for `sheetscan status`.
type Status struct {
	Campaigns []CampaignStatus `json:"campaigns"`
	Errors    []PageError      `json:"errors"`
}

// CampaignStatus counts the files, pages and rows of one campaign.
type CampaignStatus struct {
	Name          string         `json:"name"`
	Files         int            `json:"files"`
	FilesByStatus map[string]int `json:"files_by_status"`
	Pages         int            `json:"pages"`
	PagesByStatus map[string]int `json:"pages_by_status"`
	Rows          int            `json:"rows"`
	RowsByStatus  map[string]int `json:"rows_by_status"`
}

// PageError is a file or page that could not be imported. Page is 0 when
// the whole file failed.
type PageError struct {
	Campaign string `json:"campaign"`
	File     string `json:"file"`
	Page     int    `json:"page,omitempty"`
	Status   string `json:"status"`
	Error    string `json:"error"`
}

// Status counts campaigns, files, pages and rows by state, and lists the
// files and pages that failed or are not the form.
func (d *DB) Status(ctx context.Context) (*Status, error) {
	st := &Status{Campaigns: []CampaignStatus{}, Errors: []PageError{}}
	byName := map[string]*CampaignStatus{}
	rs, err := d.db.QueryContext(ctx, `SELECT name FROM campaigns ORDER BY name`)
	if err != nil {
		return nil, err
	}
	for rs.Next() {
		var n string
		if err := rs.Scan(&n); err != nil {
			rs.Close()
			return nil, err
		}
		st.Campaigns = append(st.Campaigns, CampaignStatus{Name: n,
			FilesByStatus: map[string]int{}, PagesByStatus: map[string]int{}, RowsByStatus: map[string]int{}})
	}
	rs.Close()
	for i := range st.Campaigns {
		byName[st.Campaigns[i].Name] = &st.Campaigns[i]
	}
	count := func(q string, add func(c *CampaignStatus, status string, n int)) error {
		rs, err := d.db.QueryContext(ctx, q)
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			var name, status string
			var n int
			if err := rs.Scan(&name, &status, &n); err != nil {
				return err
			}
			if c := byName[name]; c != nil {
				add(c, status, n)
			}
		}
		return rs.Err()
	}
	err = count(`SELECT c.name, f.status, count(*) FROM files f JOIN campaigns c ON c.id = f.campaign_id GROUP BY 1, 2`,
		func(c *CampaignStatus, s string, n int) { c.Files += n; c.FilesByStatus[s] = n })
	if err == nil {
		err = count(`SELECT c.name, p.status, count(*) FROM pages p JOIN files f ON f.id = p.file_id
			JOIN campaigns c ON c.id = f.campaign_id GROUP BY 1, 2`,
			func(c *CampaignStatus, s string, n int) { c.Pages += n; c.PagesByStatus[s] = n })
	}
	if err == nil {
		err = count(`SELECT c.name, r.status, count(*) FROM rows r JOIN pages p ON p.id = r.page_id
			JOIN files f ON f.id = p.file_id JOIN campaigns c ON c.id = f.campaign_id GROUP BY 1, 2`,
			func(c *CampaignStatus, s string, n int) { c.Rows += n; c.RowsByStatus[s] = n })
	}
	if err != nil {
		return nil, err
	}
	rs, err = d.db.QueryContext(ctx, `
		SELECT c.name, f.path, 0, f.status, f.error FROM files f JOIN campaigns c ON c.id = f.campaign_id
			WHERE f.status = 'failed' AND f.error != ''
		UNION ALL
		SELECT c.name, f.path, p.page_index, p.status, p.error FROM pages p JOIN files f ON f.id = p.file_id
			JOIN campaigns c ON c.id = f.campaign_id WHERE p.status != 'ok'
		ORDER BY 2, 3`)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var e PageError
		if err := rs.Scan(&e.Campaign, &e.File, &e.Page, &e.Status, &e.Error); err != nil {
			return nil, err
		}
		st.Errors = append(st.Errors, e)
	}
	return st, rs.Err()
}
