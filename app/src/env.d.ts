/// <reference types="vite/client" />
interface ImportMetaEnv {
  readonly LST_TEST_WALLET: boolean;
}
