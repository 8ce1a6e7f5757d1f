import { ApiClient, OriginalList, type ActionProps } from 'adminjs'
import React, { useCallback, useEffect, useRef, useState } from 'react'
import { useLocation } from 'react-router'

const api = new ApiClient()

/**
 * AdminJS's list, with the count badge saying "about N" when the total is the planner's estimate
 * (large views are never counted row by row).
 */
const PlanetaryViewList: React.FC<ActionProps> = (props) => {
  const location = useLocation()
  // The estimate as this component's own request saw it: total and whether it is estimated.
  const [estimate, setEstimate] = useState<{ estimated: boolean; total: number }>({
    estimated: false,
    total: 0,
  })
  const lastTag = useRef<string | undefined>(undefined)
  const { setTag, resource } = props

  useEffect(() => {
    const params = Object.fromEntries(new URLSearchParams(location.search))
    let live = true
    api
      .resourceAction({
        resourceId: resource.id,
        actionName: 'list',
        params: { ...params, perPage: 1 },
      })
      .then((res) => {
        const meta = (res.data as { meta?: { totalEstimated?: boolean; total?: number } }).meta
        if (live)
          setEstimate({ estimated: Boolean(meta?.totalEstimated), total: Number(meta?.total ?? 0) })
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [location.search, resource.id])

  const show = useCallback(
    (value: React.SetStateAction<string>) => {
      const tag = typeof value === 'function' ? value(lastTag.current ?? '') : value
      lastTag.current = tag
      setTag?.(estimate.estimated ? `about ${estimate.total.toLocaleString('en')}` : tag)
    },
    [estimate, setTag],
  )

  useEffect(() => {
    if (lastTag.current !== undefined) show(lastTag.current)
  }, [show])

  return <OriginalList {...props} setTag={show} />
}

export default PlanetaryViewList
