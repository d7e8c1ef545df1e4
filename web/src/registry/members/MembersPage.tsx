import {
  type Member,
  memberApi,
  memberCreateForm,
  memberListQuery,
  memberUpdateForm,
} from '@gongjian/common';
import { useAccess } from '#web/AccessContext.tsx';
import { ExcelButtons } from '#web/components/ExcelButtons.tsx';
import { ListPage } from '#web/components/ListPage.tsx';
import { useOpeningFilters } from '#web/components/openingFilters.ts';
import { useLocale } from '#web/i18n/locale.tsx';
import { memberFields } from './memberFields';

/** 党员: members living in scope (area admins) or working in the unit (unit admins). */
export default function MembersPage() {
  // A figure's drill (the home page's counts and charts) opens the list filtered.
  const opening = useOpeningFilters(memberListQuery);
  const { t } = useLocale();
  const access = useAccess();
  return (
    <ListPage<Member>
      id="members"
      title={t('menu.members')}
      thing={t('members.thing')}
      api={memberApi}
      initialFilters={opening}
      fields={memberFields(t)}
      nameOf={(r) => r.name}
      createSchema={memberCreateForm}
      canCreate={access.members}
      createDefaults={{ gender: 'male', category: 'in_service', skills: [], roles: [] }}
      updateSchema={memberUpdateForm}
      toolbar={(list) => <ExcelButtons entity="members" {...list} />}
    />
  );
}
