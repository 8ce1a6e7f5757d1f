import { Box, Button, Icon, Input, Label, Text } from '@adminjs/design-system'
import React, { useEffect, useState } from 'react'
import { Choice } from '../../plugin/components/kit.jsx'
import type { ViewMeta } from './view-meta.js'

/** The page sizes offered; the server accepts 1 to 500. */
export const PAGE_SIZES = [10, 25, 50, 100, 200] as const

/**
 * Above Karen's list, as in Django admin: a search box over the view's search_fields (the
 * title column when none are configured) and how many rows a page shows.
 */
export function ListToolbar(props: {
  view: ViewMeta
  searchText: string
  perPage: number
  onSearch: (text: string) => void
  onPerPage: (n: number) => void
}) {
  const { view, searchText, perPage } = props
  const [text, setText] = useState(searchText)
  useEffect(() => setText(searchText), [searchText])
  const fields = view.searchFields.length > 0 ? view.searchFields : [view.searchProperty]
  const sizes = PAGE_SIZES.includes(perPage as (typeof PAGE_SIZES)[number])
    ? PAGE_SIZES
    : [...PAGE_SIZES, perPage].sort((a, b) => a - b)

  return (
    <Box
      flex
      flexDirection="row"
      flexWrap="wrap"
      alignItems="flex-end"
      justifyContent="space-between"
      mb="lg"
      style={{ gap: 12 }}
      data-testid="list-toolbar"
    >
      <Box
        as="form"
        role="search"
        flex
        flexDirection="row"
        alignItems="flex-end"
        flexWrap="wrap"
        style={{ gap: 8 }}
        onSubmit={(event: React.FormEvent) => {
          event.preventDefault()
          props.onSearch(text.trim())
        }}
      >
        <Box>
          <Label htmlFor="planetary-list-search" mb="sm">
            Search {view.verboseNamePlural}
          </Label>
          <Input
            id="planetary-list-search"
            type="search"
            value={text}
            aria-describedby="planetary-list-search-help"
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)}
            style={{ width: 260, maxWidth: '100%' }}
          />
          <Text id="planetary-list-search-help" variant="xs" mt="sm">
            Matches {fields.join(', ')}
          </Text>
        </Box>
        <Button size="sm" type="submit" mb="xl">
          <Icon icon="Search" /> Search
        </Button>
        {searchText !== '' ? (
          <Button size="sm" variant="text" type="button" mb="xl" onClick={() => props.onSearch('')}>
            Clear search
          </Button>
        ) : null}
      </Box>
      <Box mb="xl">
        <Label htmlFor="planetary-per-page" mb="sm">
          Rows per page
        </Label>
        <Choice
          id="planetary-per-page"
          name="perPage"
          value={String(perPage)}
          width={110}
          options={sizes.map((n) => ({ value: String(n), label: String(n) }))}
          onChange={(e) => props.onPerPage(Number(e.target.value))}
          data-testid="per-page"
        />
      </Box>
    </Box>
  )
}
