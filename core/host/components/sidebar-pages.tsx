import React from 'react'

/** The pages are in the plugin sections of the sidebar (sidebar.tsx): no flat list below them. */
const PlanetarySidebarPages: React.FC = () => <></>

export default PlanetarySidebarPages
