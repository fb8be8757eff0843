"""The GitHub sink and the Action behind `reviewer github`.

`event` reads the Actions environment, `fetch` gets the PR's diff and head files, `comments` and
`summary` render what is posted, `post`/`submit`/`checks` post it once, `workflow` writes what the
runner reads (annotations, job summary, outputs), `ratelimit` builds the patient client, and
`action` ties them into the two entry points the CLI calls.
"""
