import Link from 'next/link';
import { AccountMenu } from '@/features/account/AccountMenu';
import styles from './worklist.module.css';

/** The product bar above the worklist: name, and the way home from anywhere it is reused. */
export function AppHeader({ section = 'Worklist' }: { section?: string }) {
  return (
    <header className={styles.header}>
      <Link href="/" className={styles.brand}>
        <svg className={styles.logo} viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M7 12h10M12 7v10" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        Consilium
      </Link>
      <span className={styles.section}>{section}</span>
      <AccountMenu />
    </header>
  );
}
