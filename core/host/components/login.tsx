import {
  Box,
  Button,
  FormGroup,
  H2,
  Input,
  Label,
  MessageBox,
  Text,
  type Theme,
} from '@adminjs/design-system'
import { styled } from '@adminjs/design-system/styled-components'
import { useTranslation, type ReduxState } from 'adminjs'
import React from 'react'
import { useSelector } from 'react-redux'

type Themed = { theme: Theme }

const Page = styled.main`
  display: flex;
  align-items: center;
  justify-content: center;
  min-height: 100%;
  padding: ${({ theme }: Themed) => theme.space.xl};
  background: ${({ theme }: Themed) => theme.colors.bg};
`

const Card = styled.div`
  display: flex;
  width: 100%;
  max-width: 820px;
  min-height: 420px;
  border-radius: 12px;
  overflow: hidden;
  background: ${({ theme }: Themed) => theme.colors.container};
  box-shadow: 0 12px 40px rgba(15, 23, 42, 0.12);
`

const Side = styled.div`
  flex: 0 0 340px;
  padding: ${({ theme }: Themed) => theme.space.x3};
  color: #ffffff;
  background: linear-gradient(160deg, ${({ theme }: Themed) => theme.colors.primary100}, #7c2d12);
  @media (max-width: 720px) {
    display: none;
  }
`

const Form = styled.form`
  flex: 1 1 auto;
  padding: ${({ theme }: Themed) => theme.space.x3};
  & input:focus-visible,
  & button:focus-visible {
    outline: 2px solid ${({ theme }: Themed) => theme.colors.primary100};
    outline-offset: 2px;
  }
`

/** The planet of the favicon, large: a sun-coloured body and its ring. */
const Planet: React.FC<{ size: number }> = ({ size }) => (
  <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <circle cx="16" cy="16" r="9" fill="#fed7aa" />
    <ellipse
      cx="16"
      cy="16"
      rx="15"
      ry="5"
      fill="none"
      stroke="#ffffff"
      strokeWidth="1.5"
      transform="rotate(-20 16 16)"
    />
  </svg>
)

interface LoginState {
  action: string
  errorMessage?: string | null
}

/**
 * The sign-in page in the Planetary theme: the planet and the console's words on the accent
 * side, a form whose fields are labelled, named for password managers and reached in order by
 * the keyboard. Replaces AdminJS's Login (same form: `email`, `password`, POST to `action`).
 */
/** One labelled, required field of the sign-in form. */
const LoginField: React.FC<{
  id: string
  name: string
  label: string
  autoComplete: string
  type?: string
  autoFocus?: boolean
}> = ({ id, label, ...input }) => (
  <FormGroup>
    <Label htmlFor={id} required>
      {label}
    </Label>
    <Input id={id} required width={1} {...input} />
  </FormGroup>
)

const PlanetaryLogin: React.FC = () => {
  const { action, errorMessage } = (window as unknown as { __APP_STATE__: LoginState })
    .__APP_STATE__
  const { translateComponent, translateMessage } = useTranslation()
  const branding = useSelector((state: ReduxState) => state.branding)
  const message = errorMessage
    ? errorMessage.split(' ').length > 1
      ? errorMessage
      : translateMessage(errorMessage)
    : undefined

  return (
    <Page>
      <Card>
        <Side>
          <Planet size={72} />
          <H2 mt="xl" color="white">
            {translateComponent('Login.welcomeHeader')}
          </H2>
          <Text mt="default" color="white">
            {translateComponent('Login.welcomeMessage')}
          </Text>
        </Side>
        <Form action={action} method="POST" aria-labelledby="planetary-login-title">
          <H2 id="planetary-login-title" mb="xl">
            Sign in to {branding.companyName}
          </H2>
          {message ? <MessageBox my="lg" message={message} variant="danger" role="alert" /> : null}
          <LoginField
            id="planetary-login-name"
            name="email"
            label={translateComponent('Login.properties.email')}
            autoComplete="username"
            autoFocus
          />
          <LoginField
            id="planetary-login-password"
            name="password"
            type="password"
            label={translateComponent('Login.properties.password')}
            autoComplete="current-password"
          />
          <Box mt="xl">
            <Button type="submit" variant="contained">
              Sign in
            </Button>
          </Box>
        </Form>
      </Card>
    </Page>
  )
}

export default PlanetaryLogin
